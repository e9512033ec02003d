using VoiceSite.Accounts;
using VoiceSite.Coaching;
using VoiceSite.Conversations;
using VoiceSite.Dashboard;
using VoiceSite.Hosting;
using VoiceSite.Limits;
using VoiceSite.Recordings;
using VoiceSite.Jobs;
using VoiceSite.Scenarios;
using VoiceSite.Security;
using VoiceSite.Telemetry;
using VoiceSite.Voice;
using VoiceSite.Voice.Tools;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacySettingNames();

builder.AddSecurity();
builder.AddTelemetry();
builder.AddDatabase();
builder.AddKeyRing();
builder.AddHealth();
builder.AddAccounts();
builder.AddWebUi();
builder.AddScenarios();
builder.AddConversations();
builder.AddVoiceTools();
builder.AddCoaching();
builder.AddJobs();
builder.AddVoice();
builder.AddVoiceLimits();
builder.AddRecordings();
builder.AddDashboard();
builder.AddSimulatorWhenEnabled();

var app = builder.Build();
await app.PrepareDatabaseAsync();

app.UseWebUi();
app.MapHealth();
app.MapSimulatorWhenEnabled();
app.MapVoice();
app.MapRecordings();
app.MapWebUi();

app.Run();

public partial class Program;
