import { describeRealtime } from './realtime.suite';

describeRealtime('sqlite');
