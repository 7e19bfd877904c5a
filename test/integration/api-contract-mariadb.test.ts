import { describeApiContract } from './api-contract.suite';

describeApiContract('mariadb');
