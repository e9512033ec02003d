using VoiceSite.Accounts;
using VoiceSite.Conversations;
using VoiceSite.Hosting;
using VoiceSite.Recordings;
using VoiceSite.Scenarios;
using VoiceSite.Voice;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacySettingNames();

builder.AddDatabase();
builder.AddAccounts();
builder.AddWebUi();
builder.AddScenarios();
builder.AddConversations();
builder.AddVoice();
builder.AddRecordings();
builder.AddSimulatorWhenEnabled();

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseWebUi();
app.MapHealth();
app.MapSimulatorWhenEnabled();
app.MapVoice();
app.MapRecordings();
app.MapRazorPages();

app.Run();

public partial class Program;
