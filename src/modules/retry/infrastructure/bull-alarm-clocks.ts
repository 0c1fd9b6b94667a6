import { Injectable } from '@nestjs/common';
import { Doorbells, type DoorbellJob } from '../../../../libs/kernel/index.js';
import { AlarmClocks } from '../../../domain/ports/alarm-clocks.js';
import { alarmSlots } from '../domain/alarm-slots.js';

/** Bull's delayed jobs on the owner's doorbell queue: the clock the design card names for scheduled retries. */
@Injectable()
export class BullAlarmClocks extends AlarmClocks {
  constructor(private readonly doorbells: Doorbells) {
    super();
  }

  set(doorbell: string, key: string, data: DoorbellJob, times: readonly Date[]): void {
    // The job id is the key and its slot: setting the same alarm twice queues one job.
    this.doorbells.ring(
      doorbell,
      alarmSlots(times).map((at) => ({ jobId: `${key}:at:${at.getTime()}`, data, at })),
    );
  }
}
