// The voice hub (/hubs/voice) over SignalR with MessagePack, so audio travels as binary. WebSockets only,
// without negotiation, so any server behind the load balancer can take the connection (no sticky sessions).
// Short drops are retried by SignalR itself; recovery.js takes over when it gives up.
/* global signalR */
const RECONNECT_DELAYS_MS = [0, 1000, 2000, 4000];

export class VoiceConnection {
  /** handlers: { audio, speechStarted, speechStopped, userTranscript, assistantTranscriptDelta, turnCompleted, error, sessionEnded, reconnecting, reconnected, closed } */
  constructor(handlers) {
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/voice', { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
      .withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol())
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => RECONNECT_DELAYS_MS[c.previousRetryCount] ?? null })
      .configureLogging(signalR.LogLevel.None)
      .build();
    const on = (name, fn) => this.connection.on(name, (...args) => fn?.(...args));
    on('Audio', handlers.audio);
    on('SpeechStarted', handlers.speechStarted);
    on('SpeechStopped', handlers.speechStopped);
    on('UserTranscript', handlers.userTranscript);
    on('AssistantTranscriptDelta', handlers.assistantTranscriptDelta);
    on('TurnCompleted', handlers.turnCompleted);
    on('Error', handlers.error);
    on('SessionEnded', handlers.sessionEnded);
    this.connection.onreconnecting((e) => handlers.reconnecting?.(e));
    this.connection.onreconnected(() => handlers.reconnected?.());
    this.connection.onclose((e) => handlers.closed?.(e));
  }

  start() { return this.connection.start(); }

  /** Resolves with { Mode, SampleRate }; rejects with the server's readable message. */
  startSession(conversationId, mode) { return this.connection.invoke('StartSession', conversationId, mode); }

  /** Fire and forget: audio must never wait for an answer. */
  sendAudio(pcm16) { return this.connection.send('SendAudio', pcm16); }

  interrupt(playedMs) { return this.connection.send('Interrupt', playedMs); }

  endSession() { return this.connection.invoke('EndSession'); }

  stop() { return this.connection.stop(); }

  get connected() { return this.connection.state === signalR.HubConnectionState.Connected; }
}

/**
 * Words for a person: the server's message from a HubException as it is; anything the library or the
 * network says (negotiation, fetch, WebSocket errors) becomes one plain sentence.
 */
export function hubMessage(error) {
  const text = String(error?.message ?? error ?? '');
  const marker = 'HubException: ';
  const at = text.indexOf(marker);
  if (at >= 0) return text.slice(at + marker.length);
  if (/401|403|Unauthorized|Forbidden/i.test(text)) return 'You have been signed out. Sign in again to keep talking.';
  return 'We could not reach VoiceSite. Check your internet connection.';
}
