import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

/**
 * Whether this instance should still receive traffic. Draining starts when shutdown begins
 * (`main.ts` on SIGTERM, or any `app.close()`: destroy hooks run before the workers drain), so
 * `/api/health/ready` answers 503 while in-flight deliveries finish and a load balancer moves on.
 */
@Injectable()
export class ReadinessState implements OnModuleDestroy {
  private readonly logger = new Logger('Readiness');
  private drainingSince: Date | null = null;

  /** True once shutdown began. */
  get draining(): boolean {
    return this.drainingSince !== null;
  }

  /** Stops advertising readiness; idempotent. */
  startDraining(): void {
    if (this.drainingSince) return;
    this.drainingSince = new Date();
    this.logger.log('Draining: /api/health/ready now answers 503');
  }

  onModuleDestroy(): void {
    this.startDraining();
  }
}
