// A stand-in for the LLVM project's release downloads on 127.0.0.1: it serves
// files laid out as <mirror>/llvmorg-<version>/<archive> and counts requests.
import * as fs from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as path from 'node:path'

export interface ReleaseServer {
  /** The base URL to give as llvm-mirror. */
  url: string
  /** Request paths, decoded, in the order they came. */
  requests: string[]
  close(): Promise<void>
}

export async function startReleaseServer(root: string): Promise<ReleaseServer> {
  const requests: string[] = []
  const server = http.createServer((request, response) => {
    const wanted = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    requests.push(wanted)
    const file = path.join(root, wanted)
    if (!file.startsWith(root + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end('not found')
      return
    }
    response.writeHead(200, { 'content-type': 'application/x-xz', 'content-length': fs.statSync(file).size })
    fs.createReadStream(file).pipe(response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/releases`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close(error => (error ? reject(error) : resolve())))
  }
}
