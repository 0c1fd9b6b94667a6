import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { quietly } from './probe.js';

@Injectable()
export class PostgresIndicator {
  constructor(
    private readonly typeOrm: TypeOrmHealthIndicator,
    private readonly health: HealthIndicatorService,
  ) {}

  check() {
    return quietly(this.health, 'postgresql', this.typeOrm.pingCheck('postgresql'));
  }
}
