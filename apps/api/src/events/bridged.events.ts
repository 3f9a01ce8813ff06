import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsObject, IsString, ValidateNested } from 'class-validator';
import { WebhookEvent } from '@org/webhooks';
import { EventSource } from './event-source.js';

// The events the ingest bridge publishes from Stripe and GitHub (src/bridge). Every field is always
// present; a value the provider left out is `null`, so subscribers see one shape.

/** `payment.succeeded`, from Stripe's `payment_intent.succeeded`. */
@WebhookEvent('payment.succeeded', {
  description: 'A Stripe payment succeeded (bridged from payment_intent.succeeded).',
  example: {
    id: 'pi_3N0',
    amount: 2000,
    currency: 'usd',
    customer: 'cus_9s6',
    description: null,
    metadata: {},
    source: { provider: 'stripe', event_id: 'evt_1N0', livemode: false },
  },
})
export class PaymentSucceeded {
  @ApiProperty({ description: 'The payment intent.', nullable: true })
  @IsString()
  id!: string | null;

  @ApiProperty({ description: 'Amount received, in the smallest currency unit.', nullable: true })
  @IsInt()
  amount!: number | null;

  @ApiProperty({ nullable: true })
  @IsString()
  currency!: string | null;

  @ApiProperty({ description: 'The Stripe customer.', nullable: true })
  @IsString()
  customer!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  description!: string | null;

  @ApiProperty({ description: "The intent's metadata, as set in Stripe." })
  @IsObject()
  metadata!: Record<string, unknown>;

  @ValidateNested()
  @Type(() => EventSource)
  source!: EventSource;
}

/** `payment.refunded`, from Stripe's `charge.refunded`. */
@WebhookEvent('payment.refunded', {
  description: 'A Stripe charge was refunded (bridged from charge.refunded).',
  example: {
    id: 'ch_3N0',
    payment_intent: 'pi_3N0',
    amount: 2000,
    amount_refunded: 2000,
    currency: 'usd',
    customer: 'cus_9s6',
    source: { provider: 'stripe', event_id: 'evt_1N1', livemode: false },
  },
})
export class PaymentRefunded {
  @ApiProperty({ description: 'The charge.', nullable: true })
  @IsString()
  id!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  payment_intent!: string | null;

  @ApiProperty({ nullable: true })
  @IsInt()
  amount!: number | null;

  @ApiProperty({ nullable: true })
  @IsInt()
  amount_refunded!: number | null;

  @ApiProperty({ nullable: true })
  @IsString()
  currency!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  customer!: string | null;

  @ValidateNested()
  @Type(() => EventSource)
  source!: EventSource;
}

/** One commit of a push. */
export class PushedCommit {
  @ApiProperty({ nullable: true })
  @IsString()
  id!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  message!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  url!: string | null;
}

/** `github.push`, from GitHub's `push`. */
@WebhookEvent('github.push', {
  description: 'Commits were pushed to a GitHub repository.',
  example: {
    repository: 'org/app',
    ref: 'refs/heads/main',
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after: '59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5',
    pusher: 'ada',
    commits: [{ id: '59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5', message: 'Fix typo', url: null }],
    source: { provider: 'github', delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
  },
})
export class GithubPush {
  @ApiProperty({ description: 'owner/name', nullable: true })
  @IsString()
  repository!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  ref!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  before!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  after!: string | null;

  @ApiProperty({ description: "The pusher's name.", nullable: true })
  @IsString()
  pusher!: string | null;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PushedCommit)
  commits!: PushedCommit[];

  @ValidateNested()
  @Type(() => EventSource)
  source!: EventSource;
}

/** `github.pull_request`, from GitHub's `pull_request`. */
@WebhookEvent('github.pull_request', {
  description: 'A GitHub pull request changed.',
  example: {
    repository: 'org/app',
    action: 'opened',
    number: 42,
    title: 'Add webhooks',
    state: 'open',
    merged: false,
    url: 'https://github.com/org/app/pull/42',
    author: 'ada',
    source: { provider: 'github', delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
  },
})
export class GithubPullRequest {
  @ApiProperty({ description: 'owner/name', nullable: true })
  @IsString()
  repository!: string | null;

  @ApiProperty({ description: 'opened, closed, synchronize…', nullable: true })
  @IsString()
  action!: string | null;

  @ApiProperty({ nullable: true })
  @IsInt()
  number!: number | null;

  @ApiProperty({ nullable: true })
  @IsString()
  title!: string | null;

  @ApiProperty({ nullable: true })
  @IsString()
  state!: string | null;

  @ApiProperty({ nullable: true })
  @IsBoolean()
  merged!: boolean | null;

  @ApiProperty({ nullable: true })
  @IsString()
  url!: string | null;

  @ApiProperty({ description: "The author's login.", nullable: true })
  @IsString()
  author!: string | null;

  @ValidateNested()
  @Type(() => EventSource)
  source!: EventSource;
}
