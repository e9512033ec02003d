using VoiceSite.Accounts;
using VoiceSite.Coaching;
using VoiceSite.Conversations;
using VoiceSite.Hosting;
using VoiceSite.Jobs;
using VoiceSite.Scenarios;
using VoiceSite.Voice;
using VoiceSite.Voice.Tools;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacySettingNames();

builder.AddDatabase();
builder.AddAccounts();
builder.AddWebUi();
builder.AddScenarios();
builder.AddConversations();
builder.AddVoiceTools();
builder.AddCoaching();
builder.AddJobs();
builder.AddVoice();
builder.AddSimulatorWhenEnabled();

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseWebUi();
app.MapHealth();
app.MapSimulatorWhenEnabled();
app.MapVoice();
app.MapRazorPages();

app.Run();

public partial class Program;
