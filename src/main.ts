import 'reflect-metadata';
import { boot } from './boot.js';

await boot();
