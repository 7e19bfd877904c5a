import { describeAdminApi } from './admin-api.suite';

describeAdminApi('sqlite');
