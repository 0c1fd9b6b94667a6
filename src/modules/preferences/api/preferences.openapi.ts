import { ApiRoute } from '../../../infrastructure/http/openapi/api-docs.js';
import { UpdatePreferencesDto } from './preferences.dto.js';

const SET = { environment: 'sandbox', notifications: { user_management: true, extraction_failures: true, rejected_information: false } };
const DESCRIPTION = 'Turning a category off stops those notifications only: storage and retention of rejected documents are unchanged. Operators name the client with `?clientId=`.';

export const DocGetPreferences = () =>
  ApiRoute({
    summary: 'Notification preferences of one environment',
    description: DESCRIPTION,
    status: 200,
    answers: 'every category, on or off',
    example: SET,
    errors: { 400: 'environment must be one of the following values: sandbox, production', 404: 'client not found' },
  });

export const DocUpdatePreferences = () =>
  ApiRoute({
    summary: 'Turn notification categories on or off',
    description: `Changes the categories named; the others keep their setting. ${DESCRIPTION}`,
    status: 200,
    answers: 'every category, on or off, after the change',
    example: SET,
    body: { type: UpdatePreferencesDto, example: { environment: 'sandbox', notifications: { rejected_information: false } } },
    errors: { 400: 'notifications.property colour should not exist', 404: 'client not found' },
  });
