import { describeDialogReads } from './dialog-reads.suite';

describeDialogReads('mariadb');
