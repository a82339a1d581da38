/** The process's one structured JSON logger (Powertools). Service name comes from POWERTOOLS_SERVICE_NAME. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'community-partners' });
