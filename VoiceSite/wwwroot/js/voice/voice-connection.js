// The voice hub (/hubs/voice) over SignalR with MessagePack, so audio travels as binary. WebSockets only,
// without negotiation, so any server behind the load balancer can take the connection (no sticky sessions).
// Short drops are retried by SignalR itself; recovery.js takes over when it gives up.
/* global signalR */
const RECONNECT_DELAYS_MS = [0, 1000, 2000, 4000];

/** The hub takes audio chunks of at most 24,000 bytes (500 ms) and messages of at most 64 KiB: never send more. */
export const MAX_AUDIO_BYTES = 24000;

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

  /** Fire and forget: audio must never wait for an answer. Larger buffers go as several chunks, so no message is too large. */
  sendAudio(pcm16) {
    const bytes = pcm16 instanceof Uint8Array ? pcm16 : new Uint8Array(pcm16.buffer ?? pcm16, pcm16.byteOffset ?? 0, pcm16.byteLength);
    if (bytes.byteLength <= MAX_AUDIO_BYTES) return this.connection.send('SendAudio', bytes);
    const sends = [];
    for (let at = 0; at < bytes.byteLength; at += MAX_AUDIO_BYTES) {
      sends.push(this.connection.send('SendAudio', bytes.subarray(at, Math.min(at + MAX_AUDIO_BYTES, bytes.byteLength))));
    }
    return Promise.all(sends);
  }

  interrupt(playedMs) { return this.connection.send('Interrupt', playedMs); }

  endSession() { return this.connection.invoke('EndSession'); }

  stop() { return this.connection.stop(); }

  get connected() { return this.connection.state === signalR.HubConnectionState.Connected; }
}

/**
 * Why the connection closed, for people. The server closes with the bare "Connection closed with an error." when it
 * could not take a message (over the 64 KiB limit, or unreadable): say so rather than blame the network.
 */
export function closeReason(error) {
  const text = String(error?.message ?? error ?? '');
  if (text.includes('Connection closed with an error')) {
    return 'The site closed the connection because a message from this page was too large or could not be read ' +
      '(voice messages are limited to 64 KiB). Reload the page, then press Start.';
  }
  return 'The connection to the site was lost. Check your network, then press Start.';
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
