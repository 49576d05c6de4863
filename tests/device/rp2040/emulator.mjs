// Runs RP2040 firmware (a .uf2, as a user drags it onto a Pico) on rp2040js and joins its
// USB CDC serial port, where MicroPython's REPL is, to standard input and output.
//
//   node emulator.mjs RP2040JS_DIR FIRMWARE.uf2
//
// RP2040JS_DIR is the folder `npm ci` installed this folder's package.json into, and where
// `make rp2040js` put the RP2040 B1 bootrom (bootrom-b1.mjs, from ../shared/vendor: its
// licences are beside it there, and it is not part of this repository). Standard
// output carries the device's serial bytes only; the emulator's messages go to standard
// error. pty_bridge.py puts a pseudo-terminal in front, so that MicroPython's
// tools/pyboard.py drives the emulated board as it drives a real one.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [rp2040jsDir, firmwarePath] = process.argv.slice(2);
if (!rp2040jsDir || !firmwarePath) {
  process.stderr.write('usage: node emulator.mjs RP2040JS_DIR FIRMWARE.uf2\n');
  process.exit(2);
}
const { bootromB1 } = await import(pathToFileURL(join(rp2040jsDir, 'bootrom-b1.mjs')).href);
const { Simulator, USBCDC } = await import(
  pathToFileURL(join(rp2040jsDir, 'node_modules', 'rp2040js', 'dist', 'esm', 'index.js')).href
);

const FLASH_START = 0x10000000;
const UF2_BLOCK = 512;
const UF2_MAGIC = [0x0a324655, 0x9e5d5157];
const UF2_MAGIC_END = 0x0ab16f30;
const UF2_FAMILY_RP2040 = 0xe48bff56;
const UF2_FLAG_FAMILY = 0x2000;

function fail(message) {
  process.stderr.write(`emulator.mjs: ${message}\n`);
  process.exit(1);
}

// Copies the payload of every UF2 block meant for the RP2040's flash into `flash`.
function loadUf2(bytes, flash) {
  if (bytes.length === 0 || bytes.length % UF2_BLOCK !== 0) {
    fail(`${firmwarePath} is not a whole number of 512-byte UF2 blocks`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let loaded = 0;
  for (let at = 0; at < bytes.length; at += UF2_BLOCK) {
    const word = (offset) => view.getUint32(at + offset, true);
    if (word(0) !== UF2_MAGIC[0] || word(4) !== UF2_MAGIC[1] || word(UF2_BLOCK - 4) !== UF2_MAGIC_END) {
      fail(`block ${at / UF2_BLOCK} of ${firmwarePath} is not a UF2 block`);
    }
    const flags = word(8);
    if ((flags & UF2_FLAG_FAMILY) && word(28) !== UF2_FAMILY_RP2040) {
      continue; // a block for another chip (an RP2350 image carries such blocks)
    }
    const address = word(12);
    const size = word(16);
    const offset = address - FLASH_START;
    if (size > 476 || offset < 0 || offset + size > flash.length) {
      fail(`block ${at / UF2_BLOCK} of ${firmwarePath} does not fit the RP2040's flash`);
    }
    flash.set(bytes.subarray(at + 32, at + 32 + size), offset);
    loaded++;
  }
  if (loaded === 0) {
    fail(`${firmwarePath} has no block for the RP2040`);
  }
}

// Standard output is the serial port: nothing else may write there.
console.log = console.info = console.debug = console.warn;
const toStderr = (level) => (component, message) => process.stderr.write(`[${level}] ${component}: ${message}\n`);
const simulator = new Simulator();
const mcu = simulator.rp2040;
mcu.logger = { debug() {}, info() {}, warn: toStderr('warn'), error: toStderr('error') };
mcu.loadBootrom(bootromB1);
loadUf2(readFileSync(firmwarePath), mcu.flash);

// The host side of the CDC port holds 512 bytes and drops what does not fit: input waits
// here and goes in as the device takes it.
const cdc = new USBCDC(mcu.usbCtrl);
const pending = [];
let connected = false;
function feed() {
  while (connected && pending.length && cdc.txFIFO.itemCount < cdc.txFIFO.size) {
    const chunk = pending[0];
    const room = cdc.txFIFO.size - cdc.txFIFO.itemCount;
    const n = Math.min(room, chunk.length);
    for (let i = 0; i < n; i++) {
      cdc.sendSerialByte(chunk[i]);
    }
    if (n === chunk.length) {
      pending.shift();
    } else {
      pending[0] = chunk.subarray(n);
    }
  }
}
cdc.onDeviceConnected = () => {
  connected = true;
  feed();
};
cdc.onSerialData = (buffer) => process.stdout.write(Buffer.from(buffer));
process.stdin.on('data', (data) => {
  pending.push(data);
  feed();
});
process.stdin.on('end', () => process.exit(0));
// The simulator yields to the event loop between slices of instructions; input is topped
// up then.
setInterval(feed, 1);

mcu.core.PC = FLASH_START;
simulator.execute();
