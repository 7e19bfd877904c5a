import { describeChannels } from './channels.suite';

describeChannels('sqlite');
