import { describeChannels } from './channels.suite';

describeChannels('mariadb');
