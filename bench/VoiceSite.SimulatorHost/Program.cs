using VoiceSite.Simulator;

// The simulator alone (Realtime GA WebSocket, Speech STT/TTS REST, chat completions) on its own Kestrel, e.g.
//   dotnet VoiceSite.SimulatorHost.dll --urls http://127.0.0.1:5290 --Simulator:Realtime:Echo=true
// Settings are the site's own (section "Simulator", see SimulatorOptions); the key defaults to "simulator-key".
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddVoiceSimulator();

var app = builder.Build();
app.UseWebSockets();
app.MapVoiceSimulator();
app.MapGet("/", () => "VoiceSite simulator");
app.Run();
