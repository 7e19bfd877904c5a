// The module the worker bundles: every workflow type Lineflow runs.
export { dialogWorkflow } from './dialog.workflow';
export { lateRatingWorkflow } from './late-rating.workflow';
