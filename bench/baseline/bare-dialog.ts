import { defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The Temporal calls of the benchmark's two bare workflows (the baseline and the floor, neither part of
 * Lineflow): the same names as Lineflow's own, so all three systems are driven by the same requests.
 */
export interface BareMessage {
  messageId: string;
  /** set on the client's rating; absent on a message */
  rating?: string;
}

export interface BareActor {
  operatorId: string;
}

export interface BareStep {
  /** 1 accepted, 2 answered, 3 closed */
  phase: number;
  /** the floor's close: the client is asked for a rating (the floor has no activity to say so) */
  ratingAsked?: boolean;
}

export const bareMessageSignal = defineSignal<[BareMessage]>('message');
export const bareAcceptUpdate = defineUpdate<BareStep, [BareActor]>('accept');
export const bareAnswerUpdate = defineUpdate<BareStep, [BareActor]>('answer');
export const bareCloseUpdate = defineUpdate<BareStep, [BareActor]>('close');
