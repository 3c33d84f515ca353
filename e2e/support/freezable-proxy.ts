import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback that a test can freeze: while frozen, bytes (and closes) in both
 * directions are held back, then delivered in order on thaw. To the client behind it, that is a
 * process pause or a network partition: its statements are sent but not answered, and the server
 * sees an idle client.
 */
export class FreezableProxy {
  private server: Server | null = null;
  private frozen = false;
  private readonly held: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  /** Listens on a free loopback port and returns it. */
  async start(): Promise<number> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      const pipe = (from: Socket, to: Socket) => {
        from.on('data', (chunk) => this.pass(() => to.write(chunk)));
        from.on('end', () => this.pass(() => to.end()));
        from.on('close', () => this.pass(() => to.destroy()));
      };
      pipe(client, upstream);
      pipe(upstream, client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  private pass(deliver: () => void): void {
    if (this.frozen) this.held.push(deliver);
    else deliver();
  }

  /** Holds every byte and close from now on. */
  freeze(): void {
    this.frozen = true;
  }

  /** Delivers what was held, in order, and passes traffic again. */
  thaw(): void {
    this.frozen = false;
    for (const deliver of this.held.splice(0)) deliver();
  }

  async stop(): Promise<void> {
    this.thaw();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
