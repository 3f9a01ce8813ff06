import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { IntervalJobs } from './interval-jobs.js';

@Module({})
class LibraryModule {}

describe('IntervalJobs', () => {
  let app: TestingModule;
  const started = async (imports: unknown[]) => {
    app = await Test.createTestingModule({ imports: [...(imports as []), LibraryModule] }).compile();
    return IntervalJobs.attach(app.select(LibraryModule).get(ModuleRef));
  };

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(async () => {
    await app.close();
    jest.useRealTimers();
  });

  it("runs its jobs and lists them in the host's SchedulerRegistry when the app has ScheduleModule", async () => {
    const jobs = await started([ScheduleModule.forRoot()]);
    const job = jest.fn();
    jobs.add('library:tick', 1_000, job);
    expect(jobs.inHostRegistry).toBe(true);
    expect(app.get(SchedulerRegistry).getIntervals()).toEqual(['library:tick']);
    jest.advanceTimersByTime(3_000);
    expect(job).toHaveBeenCalledTimes(3);

    jobs.stopAll();
    expect(app.get(SchedulerRegistry).getIntervals()).toEqual([]);
    jest.advanceTimersByTime(3_000);
    expect(job).toHaveBeenCalledTimes(3);
  });

  it('runs its jobs on its own timers when the app has no ScheduleModule', async () => {
    const jobs = await started([]);
    const job = jest.fn();
    jobs.add('library:tick', 1_000, job);
    expect(jobs.inHostRegistry).toBe(false);
    jest.advanceTimersByTime(2_000);
    expect(job).toHaveBeenCalledTimes(2);

    jobs.stopAll();
    jest.advanceTimersByTime(2_000);
    expect(job).toHaveBeenCalledTimes(2);
  });

  it('stops cleanly after the host took a job out of its registry itself', async () => {
    const jobs = await started([ScheduleModule.forRoot()]);
    const job = jest.fn();
    jobs.add('library:tick', 1_000, job);
    app.get(SchedulerRegistry).deleteInterval('library:tick');
    expect(() => jobs.stopAll()).not.toThrow();
    jest.advanceTimersByTime(2_000);
    expect(job).not.toHaveBeenCalled();
  });
});
