/**
 * Matter budgets and alternative fee arrangements (issue 16 part 2): the model as data, its OCG
 * rules, and the budget watch (burn, thresholds, month-end forecast). See docs/budgets.md.
 */
export {
	budgetFromClioMatter,
	budgetFromRows,
	budgetModelSchema,
	budgetRules,
	parseBudgetModel,
	withBudget,
	type BudgetModel,
	type MatterBudget,
} from './model';
export { forecastMonthEnd, watchBudgets, type BudgetAlert, type BurnLine, type MonthForecast, type WarehouseRow, type WatchInput, type WatchResult } from './watch';
