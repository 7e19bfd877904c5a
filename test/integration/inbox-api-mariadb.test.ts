import { describeInboxApi } from './inbox-api.suite';

describeInboxApi('mariadb');
