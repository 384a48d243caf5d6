import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service.js';

/** Outgoing mail over SMTP, injectable everywhere (verification, password reset, invitations). */
@Global()
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
