// Named operations: the launch mutation's statements are read from the request log by its name.
export const CREATE_SEGMENT = /* GraphQL */ `
  mutation BenchLaunchAudience($input: CreateSegmentInput!) {
    createSegment(input: $input) { __typename ... on SegmentPayload { segment { id size } } ... on Error { message } }
  }`;

export const CREATE_CAMPAIGN = /* GraphQL */ `
  mutation BenchLaunchCreate($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ... on CampaignPayload { campaign { id } } ... on Error { message } }
  }`;

export const SCHEDULE = /* GraphQL */ `
  mutation BenchLaunchSchedule($id: ID!) {
    scheduleCampaign(id: $id) { __typename ... on CampaignPayload { campaign { status } } ... on Error { message } }
  }`;

export const SETTINGS = /* GraphQL */ `
  mutation BenchLaunchCap($input: UpdateCampaignSettingsInput!) {
    updateCampaignSettings(input: $input) { __typename ... on CampaignSettingsPayload { settings { maxContacts perDays } } ... on Error { message } }
  }`;

export const LAUNCH_OPERATION = 'BenchLaunchCampaign';
export const LAUNCH = /* GraphQL */ `
  mutation ${LAUNCH_OPERATION}($id: ID!) {
    launchCampaign(id: $id) { __typename ... on LaunchCampaignPayload { run { id audience } } ... on Error { message } }
  }`;

export const RUN = /* GraphQL */ `
  query BenchLaunchRun($id: ID!) {
    node(id: $id) { ... on CampaignRun { status audience contacted control excluded } }
  }`;
