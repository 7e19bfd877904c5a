import { describeSlice } from './slice.suite';

describeSlice('mariadb');
