import { describeApiContract } from './api-contract.suite';

describeApiContract('sqlite');
