import net from 'node:net';

export interface PortHold {
  /** Frees the port just before the server that needs it listens, so nothing else can take it while we start. */
  release(): Promise<void>;
}

export class PortInUseError extends Error {}

/**
 * Binds `port` on 127.0.0.1 (where the host and the emulator listen) before anything starts, so a busy port is
 * refused before the state folder is touched. Port 0 needs no hold: the server picks a free one itself.
 */
export async function holdPort(port: number, flag: string): Promise<PortHold> {
  if (port === 0) return { release: async () => undefined };
  const server = net.createServer();
  await new Promise<void>((bound, refused) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      refused(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new PortInUseError(`port ${port} on 127.0.0.1 is not free (${flag} ${port}): stop what uses it, or pass another ${flag} (0 = any free port)`)
          : error,
      ),
    );
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => bound());
  });
  let released: Promise<void> | undefined;
  return {
    release: () => (released ??= new Promise<void>((closed) => server.close(() => closed()))),
  };
}
