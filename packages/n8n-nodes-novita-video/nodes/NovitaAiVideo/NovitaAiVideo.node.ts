import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as createVideo from './actions/create.operation';
import * as getVideo from './actions/get.operation';
import {
	callbackUrlOption,
	optionsProperty,
	videoOperationProperties,
} from '../../engine/run/description';
import { executeOperation } from '../../engine/run/operations';
import {
	outputProperties,
	TOOL_MAX_WAIT_S,
	toolDescriptionProperties,
} from '../../engine/run/tool';

export class NovitaAiVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Novita AI Video',
		name: 'novitaAiVideo',
		icon: { light: 'file:novita.svg', dark: 'file:novita.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "create" ? "Create Video" : "Get Video" }}',
		description:
			'Generate videos from text with the Wan models on Novita AI: start a generation, wait for it, and get the video as binary data',
		defaults: { name: 'Novita AI Video' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'novitaAiVideoApi', required: true }],
		properties: [
			...toolDescriptionProperties('Novita AI', TOOL_MAX_WAIT_S),
			...videoOperationProperties,
			...createVideo.description,
			...getVideo.description,
			...outputProperties,
			optionsProperty([callbackUrlOption]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperation(this, { create: createVideo.execute, get: getVideo.execute });
	}
}
