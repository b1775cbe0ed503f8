import type { Builder } from '../../../src/plugin-api.ts';
import type { PipelineEnums } from '../enums.ts';
import { registerForecast } from './forecast.ts';
import { registerReportScope } from './report-scope.ts';
import { registerSalesPerformance } from './sales-performance.ts';
import { registerStageConversion } from './stage-conversion.ts';

/** The sales reports: each one GraphQL query answered by one SQL statement. */
export function registerReports(builder: Builder, enums: PipelineEnums): void {
  const scope = registerReportScope(builder);
  registerForecast(builder, enums, scope);
  registerSalesPerformance(builder, scope);
  registerStageConversion(builder, enums);
}
