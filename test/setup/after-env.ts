import { shutdownCore } from '../../tools/harness/workflow';

afterAll(() => shutdownCore());
