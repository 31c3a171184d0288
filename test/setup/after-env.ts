import { shutdownCore } from '../harness/workflow';

afterAll(() => shutdownCore());
