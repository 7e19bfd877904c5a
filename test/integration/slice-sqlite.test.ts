import { describeSlice } from './slice.suite';

describeSlice('sqlite');
