import { describeDialogRaces } from './dialog-races.suite';

describeDialogRaces('mariadb');
