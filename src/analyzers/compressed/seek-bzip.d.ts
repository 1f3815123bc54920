/** Types for seek-bzip (pure-JavaScript bzip2 decoder; ships none): the streams its decode() reads and writes. */
declare module 'seek-bzip' {
  interface BzipInput {
    readByte(): number;
    read(buffer: Uint8Array, offset: number, length: number): number;
    eof(): boolean;
  }
  interface BzipOutput {
    writeByte(byte: number): void;
  }
  const Bunzip: {
    decode(input: BzipInput, output: BzipOutput, multistream?: boolean): void;
  };
  export default Bunzip;
}
