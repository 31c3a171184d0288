import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as createVideo from './actions/create.operation';
import * as getVideo from './actions/get.operation';
import { optionsProperty, videoOperationProperties } from '../../engine/run/description';
import { executeOperation } from '../../engine/run/operations';
import {
	outputProperties,
	TOOL_MAX_WAIT_S,
	toolDescriptionProperties,
} from '../../engine/run/tool';
import { searchModels } from './methods/listSearch';

export class AimlApiVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIML API Video',
		name: 'aimlApiVideo',
		icon: { light: 'file:aimlapi.svg', dark: 'file:aimlapi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "create" ? "Create Video" : "Get Video" }}',
		description:
			'Generate videos from text with the Wan models on the AIML API: start a generation, wait for it, and get the video as binary data',
		defaults: { name: 'AIML API Video' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aimlApiVideoAimlApi', required: true }],
		properties: [
			...toolDescriptionProperties('the AIML API', TOOL_MAX_WAIT_S),
			...videoOperationProperties,
			...createVideo.description,
			...getVideo.description,
			...outputProperties,
			optionsProperty(),
		],
	};

	methods = {
		listSearch: { searchModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperation(this, { create: createVideo.execute, get: getVideo.execute });
	}
}
