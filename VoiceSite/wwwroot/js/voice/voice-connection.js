// The voice hub (/hubs/voice) over SignalR with MessagePack, so audio travels as binary.
/* global signalR */
export class VoiceConnection {
  /** handlers: { audio, speechStarted, speechStopped, userTranscript, assistantTranscriptDelta, turnCompleted, error, sessionEnded, closed } */
  constructor(handlers) {
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/voice')
      .withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol())
      .configureLogging(signalR.LogLevel.Warning)
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

/** The server's message from a HubException, without SignalR's prefix. */
export function hubMessage(error) {
  const text = String(error?.message ?? error ?? 'Unknown error');
  const marker = 'HubException: ';
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
}
