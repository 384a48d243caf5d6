import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ROLES, type Role } from '../../user.entity.js';
import type { Invite } from '../invite.entity.js';

/** A new invitation into my household. */
export class CreateInviteDto {
  /** Only this address may use it; it is mailed there when mail is configured. */
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  /** The role the new user gets. */
  @IsIn(ROLES)
  role: Role;

  /** Days until it expires. */
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 30, default: 7 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  expiresInDays: number = 7;
}

/** An invitation (without its secret). */
export class InviteDto {
  id: string;
  email: string | null;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  /** `open` until used, revoked or expired. */
  status: 'open' | 'used' | 'revoked' | 'expired';

  static from(invite: Invite): InviteDto {
    const status = invite.usedAt
      ? 'used'
      : invite.revokedAt
        ? 'revoked'
        : invite.expiresAt <= new Date()
          ? 'expired'
          : 'open';
    return Object.assign(new InviteDto(), {
      id: invite.id,
      email: invite.email ?? null,
      role: invite.role,
      createdAt: invite.createdAt,
      expiresAt: invite.expiresAt,
      status,
    });
  }
}

/** An invitation just created: the only time its link is shown. */
export class CreatedInviteDto extends InviteDto {
  /** The secret of the invite; also part of `link`. */
  token: string;
  /** Registration link to hand to the invitee. */
  link: string;
}
