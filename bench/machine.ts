import os from 'node:os';

export interface MachineDescription {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the run started (others' work on a shared machine shows here) */
  loadAverageAtStart: number;
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    date: new Date().toISOString(),
    loadAverageAtStart: Number(os.loadavg()[0]!.toFixed(2)),
  };
}
