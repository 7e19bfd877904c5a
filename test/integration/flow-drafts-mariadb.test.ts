import { describeFlowDrafts } from './flow-drafts.suite';

describeFlowDrafts('mariadb');
