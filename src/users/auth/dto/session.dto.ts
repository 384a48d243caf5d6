import type { AuthSession } from '../auth-session.entity.js';

/** A signed-in device. */
export class SessionDto {
  id: string;
  /** @example "Mozilla/5.0 (X11; Linux x86_64) …" */
  device: string;
  /** @example "192.168.1.20" */
  ip: string;
  createdAt: Date;
  lastUsedAt: Date;
  /** This is the session of the current request. */
  current: boolean;

  static from(session: AuthSession, currentSessionId?: string): SessionDto {
    return Object.assign(new SessionDto(), {
      id: session.id,
      device: session.device,
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      current: session.id === currentSessionId,
    });
  }
}
