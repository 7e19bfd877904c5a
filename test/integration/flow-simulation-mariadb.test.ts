import { describeFlowSimulation } from './flow-simulation.suite';

describeFlowSimulation('mariadb');
