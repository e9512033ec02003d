// Microphone -> capture worklet -> 40 ms PCM16 frames at 24 kHz (with their level).
export class MicCapture {
  constructor(context) {
    this.context = context;
    this.stream = null;
    this.source = null;
    this.node = null;
    this.onFrame = () => {};  // (Uint8Array pcm16, rms, peak)
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
    this.source = this.context.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    this.node.port.onmessage = (e) => this.onFrame(new Uint8Array(e.data.pcm), e.data.rms, e.data.peak);
    this.source.connect(this.node);
  }

  stop() {
    this.source?.disconnect();
    this.node?.port.close();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = this.source = this.node = null;
  }

  get running() { return this.stream !== null; }
}
