// The tray icon for each state, drawn as a small PNG (a filled disc in the state's colour with a
// light ring), so no image files are needed per state. Pure: tested under Node.
import { deflateSync } from 'node:zlib'
import type { TrayState } from '../core/tray/model'

const COLOURS: Record<TrayState, [number, number, number]> = {
  idle: [120, 130, 145],
  running: [37, 99, 235],
  failing: [220, 38, 38],
  unreachable: [217, 119, 6]
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(data: Buffer): number {
  let c = 0xffffffff
  for (const byte of data) c = CRC[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A `size`×`size` RGBA PNG of the state's disc. */
export function trayIconPng(state: TrayState, size = 32): Buffer {
  const [r, g, b] = COLOURS[state]
  const rows: Buffer[] = []
  const c = (size - 1) / 2
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c) / (size / 2)
      const o = 1 + x * 4
      if (d <= 0.72) row.set([r, g, b, 255], o)
      else if (d <= 0.92) row.set([255, 255, 255, 230], o)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ])
}
