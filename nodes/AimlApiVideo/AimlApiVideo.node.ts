import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as createVideo from './actions/create.operation';
import * as getVideo from './actions/get.operation';
import { optionsProperty } from '../../engine/run/description';
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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'video',
				options: [{ name: 'Video', value: 'video' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'create',
				displayOptions: { show: { resource: ['video'] } },
				options: [
					{
						name: 'Create Video',
						value: 'create',
						action: 'Create a video from a text prompt',
						description:
							'Start a video generation from a prompt; by default waits until the video is ready and returns it as binary data',
					},
					{
						name: 'Get Video',
						value: 'get',
						action: 'Get a video generation',
						description:
							'Get the status and result of a generation by its ID; can wait until it is ready',
					},
				],
			},
			...createVideo.description,
			...getVideo.description,
			optionsProperty(),
		],
	};

	methods = {
		listSearch: { searchModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as string;
		switch (operation) {
			case 'create':
				return [await createVideo.execute.call(this, items)];
			case 'get':
				return [await getVideo.execute.call(this, items)];
			default:
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" is not supported`,
				);
		}
	}
}
