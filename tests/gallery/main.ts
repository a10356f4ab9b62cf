import { mount } from 'svelte'
import '../../src/renderer/src/global.css'
import Gallery from './Gallery.svelte'

mount(Gallery, { target: document.getElementById('app')! })
