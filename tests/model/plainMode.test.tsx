import { renderModes } from '../support/harness.tsx';
import { modelSuite } from './modelSuite.tsx';

modelSuite(renderModes[1]);
