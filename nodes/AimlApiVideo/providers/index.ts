import { aimlApiProvider } from './aimlapi';
import { novitaProvider } from './novita';
import type { ProviderAdapter } from '../../../engine/provider';
import type { ProviderId } from '../../../engine/catalog/types';

export const PROVIDERS: Record<ProviderId, ProviderAdapter> = {
	aimlapi: aimlApiProvider,
	novita: novitaProvider,
};

export function getProvider(id: string): ProviderAdapter {
	return PROVIDERS[id as ProviderId] ?? aimlApiProvider;
}
