import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { UsersService } from '../users/users.service.js';

/** Tells the instance's admins by mail when a backup, a verification or a restore needs their attention. */
@Injectable()
export class BackupNotifier {
  private readonly logger = new Logger(BackupNotifier.name);

  constructor(
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  /** Sends `subject` and `text` to every instance admin; a mail failure is logged, never thrown. */
  async tell(subject: string, lines: string[], runId: string): Promise<void> {
    const link = `${this.config.http.publicUrl.replace(/\/$/, '')}/admin/backups/runs/${runId}/show`;
    const text = [...lines, '', `Details: ${link}`].join('\n');
    try {
      for (const to of await this.users.instanceAdminEmails()) {
        await this.mail.send({ to, subject: `[Whiskey Tracker] ${subject}`, text });
      }
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'Could not send a backup notification');
    }
  }
}
