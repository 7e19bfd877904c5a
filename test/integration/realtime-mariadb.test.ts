import { describeRealtime } from './realtime.suite';

describeRealtime('mariadb');
