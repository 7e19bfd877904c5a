import type { NotifyKind } from './baseline-shape';

export interface BaselineNotice {
  dialogId: string;
  kind: NotifyKind;
}

/** The baseline's activities: no work at all, except telling the driver where the dialog is. */
export function createBaselineActivities(onNotice: (notice: BaselineNotice) => void) {
  return {
    async noop(): Promise<void> {},
    async notify(notice: BaselineNotice): Promise<void> {
      onNotice(notice);
    },
  };
}

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
