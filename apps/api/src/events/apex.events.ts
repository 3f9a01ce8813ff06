import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { WebhookEvent } from '@org/webhooks';

// The events Apex documents (seed 003), so its example requests subscribe to types that exist.

/** `lead.created`. */
@WebhookEvent('lead.created', {
  description: 'A new lead is identified via identity stitching.',
  example: { id: 'lead_01', email: 'ada@example.com', source: 'hubspot' },
})
export class LeadCreated {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  email?: string;

  @ApiProperty({ description: 'The connector the lead came from.' })
  @IsOptional()
  @IsString()
  source?: string;
}

/** `lead.updated`. */
@WebhookEvent('lead.updated', {
  description: "A lead's data or attribution changes.",
  example: { id: 'lead_01', changes: ['attribution'] },
})
export class LeadUpdated {
  @IsString()
  id!: string;

  @ApiProperty({ description: 'The names of the fields that changed.' })
  @IsOptional()
  @IsString({ each: true })
  changes?: string[];
}

/** `experiment.started`. */
@WebhookEvent('experiment.started', {
  description: 'An experiment transitions to running.',
  example: { id: 'exp_12', name: 'Pricing page CTA', variants: 2 },
})
export class ExperimentStarted {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  variants?: number;
}

/** `experiment.completed`. */
@WebhookEvent('experiment.completed', {
  description: 'An experiment reaches statistical significance or is manually stopped.',
  example: { id: 'exp_12', name: 'Pricing page CTA', winner: 'B', significance: 0.97 },
})
export class ExperimentCompleted {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  name?: string;

  @ApiProperty({ description: 'The winning variant.' })
  @IsOptional()
  @IsString()
  winner?: string;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  significance?: number;
}

/** `goal.reached`. */
@WebhookEvent('goal.reached', {
  description: 'A goal hits its target value.',
  example: { id: 'goal_3', name: 'Q2 signups', target: 1000, value: 1004 },
})
export class GoalReached {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsNumber()
  target?: number;

  @IsOptional()
  @IsNumber()
  value?: number;
}

/** `connector.synced`. */
@WebhookEvent('connector.synced', {
  description: 'A connector sync completes successfully.',
  example: { id: 'conn_hubspot', records: 312 },
})
export class ConnectorSynced {
  @IsString()
  id!: string;

  @ApiProperty({ description: 'Records synced.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  records?: number;
}

/** `connector.error`. */
@WebhookEvent('connector.error', {
  description: 'A connector sync fails.',
  example: { id: 'conn_hubspot', error: 'token expired' },
})
export class ConnectorError {
  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  error?: string;
}
